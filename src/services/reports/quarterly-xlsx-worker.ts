// Child process entry: writes one quarterly workbook and hands the bytes back (see buildQuarterlyWorkbook).
import { answerParent } from "../child-answer.ts";
import { type QuarterlyWorkbookJob, writeQuarterlyWorkbook } from "./quarterly-xlsx.ts";

answerParent<QuarterlyWorkbookJob>(writeQuarterlyWorkbook);
