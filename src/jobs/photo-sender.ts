// Charts already uploaded, by content: the same chart to another recipient goes by the file_id Telegram gave for the
// first upload instead of being uploaded again (a Monday's fan-out sends each scope's chart to all its coordinators).
import { createHash } from "node:crypto";
import { type Api, GrammyError, InputFile } from "grammy";
import type { OutgoingFile } from "../services/deliveries.ts";

/** File ids kept: far more than the charts of one Monday. */
const REMEMBERED = 256;

/** Sends a photo and resolves with its message id. */
export type PhotoSender = (chatId: number, photo: OutgoingFile) => Promise<number>;

export function createPhotoSender(api: Api): PhotoSender {
  const fileIds = new Map<string, string>();
  let reuse = true;
  return async (chatId, photo) => {
    const key = createHash("sha256").update(photo.base64).digest("base64url");
    const known = reuse ? fileIds.get(key) : undefined;
    if (known) {
      try {
        return (await api.sendPhoto(chatId, known)).message_id;
      } catch (error) {
        if (!(error instanceof GrammyError && error.error_code === 400)) throw error;
        // A Bot API that does not take file ids back: upload every time from now on. Not a 4xx, so the delivery is
        // retried (and paced) rather than given up.
        reuse = false;
        fileIds.clear();
        throw new Error("Telegram refused the file_id of an uploaded chart: it is uploaded again");
      }
    }
    const sent = await api.sendPhoto(chatId, new InputFile(Buffer.from(photo.base64, "base64"), photo.filename));
    const fileId = sent.photo?.at(-1)?.file_id;
    if (reuse && fileId) {
      fileIds.set(key, fileId);
      if (fileIds.size > REMEMBERED) fileIds.delete(fileIds.keys().next().value as string);
    }
    return sent.message_id;
  };
}
