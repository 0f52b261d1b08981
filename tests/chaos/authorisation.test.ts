// The long authorisation run of `npm run test:chaos` (PONTE_CHAOS=long): the property of
// tests/e2e/authorisation.property.test.ts with 3,000 attackers instead of 150.
import "../e2e/authorisation.property.test.ts";
