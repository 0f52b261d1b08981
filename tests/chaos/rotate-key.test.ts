// The long rotation run of `npm run test:chaos` (PONTE_CHAOS=long): rotate-key killed at 12 random points in a row,
// every value checked to open after each kill, then finished (tests/cli/rotate-key-resume.test.ts).
import "../cli/rotate-key-resume.test.ts";
