// The prompt cache of a local server, for the replay server: llama.cpp keeps, per slot, the tokens of the
// last prompt and of the reply it generated after it; a new prompt reuses the longest common prefix and
// processes only the rest (LM Studio, built on llama.cpp, does the same with its one slot). One slot here,
// the common laptop setup, so any other request in between (a summary) evicts the conversation.

export class PromptCacheSlot {
  private tokens: readonly number[] = [];

  /** How many leading tokens of `prompt` are in the cache. llama.cpp evaluates at least the last prompt
   *  token again (it needs its logits), so a prompt never reuses all of itself. */
  reuse(prompt: readonly number[]): number {
    const max = Math.min(prompt.length - 1, this.tokens.length);
    let n = 0;
    while (n < max && prompt[n] === this.tokens[n]) n++;
    return Math.max(0, n);
  }

  /** After a reply: the slot holds the prompt and the tokens generated after it. */
  store(prompt: readonly number[], generated: readonly number[]): void {
    this.tokens = [...prompt, ...generated];
  }

  clear(): void {
    this.tokens = [];
  }
}
