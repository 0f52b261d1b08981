// Child process entry: computes the funder's indicators from the database and hands them back (see sheet-data.ts).
import { answerParent } from "../child-answer.ts";
import { computeOutputIndicators } from "./sheet-data.ts";

answerParent(computeOutputIndicators);
