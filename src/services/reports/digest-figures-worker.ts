// Child process entry: computes digests' figures from the database and hands them back (see digest-figures.ts).
import { answerParent } from "../child-answer.ts";
import { computeDigestFigures } from "./digest-figures.ts";

answerParent(computeDigestFigures);
