// The child's side of a child task: what a worker module calls. The parent's side (the queue, the fork, the child's
// environment) is src/services/child-task.ts.
import type { Serializable } from "node:child_process";

/** What a child sends back: its result, or why it has none. */
export type ChildAnswer<Output> = { output: Output } | { error: string };

/** The child's side: takes the one input the parent sends, answers with what `work` makes, and lets the process end. */
export function answerParent<Input, Output extends Serializable = Uint8Array>(
  work: (input: Input) => Output | Promise<Output>,
): void {
  process.once("message", async (input) => {
    let answer: ChildAnswer<Output>;
    try {
      answer = { output: await work(input as Input) };
    } catch (error) {
      answer = { error: error instanceof Error ? error.message : String(error) };
    }
    process.send?.(answer, () => process.disconnect());
  });
}
