// The long erasure run of `npm run test:chaos` (PONTE_CHAOS=long): before each erasure, staff wander through random
// commands, taps and texts carrying the person's code and texts (tests/e2e/erasure-residue.test.ts).
import "../e2e/erasure-residue.test.ts";
