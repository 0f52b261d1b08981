// The context every handler sees: grammY + i18n + conversations, and who the user is (null for strangers).
import type { ConversationFlavor } from "@grammyjs/conversations";
import type { I18nFlavor } from "@grammyjs/i18n";
import type { Context } from "grammy";
import type { LocaleSource } from "../i18n.ts";
import type { StaffMember } from "../services/staff.ts";

export interface PonteFlavor {
  /** The staff member sending this update, loaded fresh; null for strangers. */
  staff: StaffMember | null;
}

export type FlowContext = Context & I18nFlavor & LocaleSource;
export type BotContext = ConversationFlavor<FlowContext & PonteFlavor>;
