// The handover letter as a .docx. docx and its modules are loaded only in a child process that exits when the letter
// is written, so they never stay in the bot's memory (issue #16).
import type { HandoverLetter } from "../../domain/handover-letter.ts";
import { bytesFromChildProcess, moduleBeside } from "../child-task.ts";

/** The letter's .docx bytes, written in a child process. */
export function buildHandoverLetterDocx(letter: HandoverLetter): Promise<Buffer> {
  return bytesFromChildProcess(moduleBeside(import.meta.url, "handover-letter-worker"), letter);
}

/** Runs in the child process (handover-letter-worker.ts): a title, then each block (an optional heading and its lines). */
export async function writeHandoverLetterDocx(letter: HandoverLetter): Promise<Buffer> {
  const { Document, Footer, HeadingLevel, Packer, Paragraph, TextRun } = await import("docx");
  const paragraphs = [
    new Paragraph({ text: letter.title, heading: HeadingLevel.HEADING_1 }),
    ...letter.blocks.flatMap((block) => [
      ...(block.heading ? [new Paragraph({ text: block.heading, heading: HeadingLevel.HEADING_2 })] : []),
      ...block.lines.map((line) => new Paragraph({ children: [new TextRun(line)], spacing: { after: 120 } })),
    ]),
  ];
  const document = new Document({
    creator: "Ponte",
    title: letter.title,
    sections: [
      {
        children: paragraphs,
        footers: {
          default: new Footer({
            children: [new Paragraph({ children: [new TextRun({ text: letter.footer, size: 16 })] })],
          }),
        },
      },
    ],
  });
  return Packer.toBuffer(document);
}
