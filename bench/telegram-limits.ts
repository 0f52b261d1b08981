/** Telegram's broadcast limit: about 30 sending calls a second across all chats. */
export const TELEGRAM_LIMIT_PER_SECOND = 30;
