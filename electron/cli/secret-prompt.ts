/** What the prompt reads from and writes to (the process's terminal; a fake in tests). */
export interface SecretTerminal {
  input: NodeJS.ReadStream;
  output: { write(text: string): unknown };
}

/**
 * Asks for a secret on the terminal without echoing it: raw mode, the keys read one by one, nothing written
 * back but the prompt and a new line. Ctrl+C rejects (nothing is captured); Backspace removes a character.
 */
export function readHiddenLine(prompt: string, terminal: SecretTerminal): Promise<string> {
  const { input, output } = terminal;
  return new Promise((resolve, reject) => {
    let value = '';
    const wasRaw = input.isRaw;
    const finish = (error?: Error): void => {
      input.off('data', onData);
      if (input.isTTY) input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          finish();
          return;
        }
        if (char === '\u0003') {
          finish(new Error('cancelled at the password prompt'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    output.write(prompt);
    if (input.isTTY) input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}
