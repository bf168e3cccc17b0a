// One suite at a time: each browser suite runs `next dev` in admin-web's default build folder (Next
// allows one per folder), as `npm start` does.
module.exports = require('../tools/jest.preset.js')(__dirname, { maxWorkers: 1 });
