// One suite at a time: each browser suite runs `next dev` in admin-web's default build folder (Next
// allows one per folder), as `npm start` does. Dev servers given build folders nested under .next/
// were seen rebuilding in a loop under Nx, with their own trace and log writes the only changes on
// disk, reloading every open page.
module.exports = require('../tools/jest.preset.js')(__dirname, { maxWorkers: 1 });
