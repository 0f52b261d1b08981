// Child process entry: writes one handover letter and hands the bytes back (see buildHandoverLetterDocx).
import type { HandoverLetter } from "../../domain/handover-letter.ts";
import { answerParent } from "../child-answer.ts";
import { writeHandoverLetterDocx } from "./handover-letter-docx.ts";

answerParent<HandoverLetter>(writeHandoverLetterDocx);
