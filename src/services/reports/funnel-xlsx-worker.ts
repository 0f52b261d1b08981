// Child process entry: writes one funnel workbook and hands the bytes back (see buildFunnelWorkbook).
import { answerParent } from "../child-answer.ts";
import { type FunnelWorkbookJob, writeFunnelWorkbook } from "./funnel-xlsx.ts";

answerParent<FunnelWorkbookJob>(writeFunnelWorkbook);
