// Unit tests of the console's plain modules (lib/); its pages are tested in a browser (e2e/).
module.exports = require('../tools/jest.preset.js')(__dirname, { testMatch: ['<rootDir>/lib/**/*.test.ts'] });
