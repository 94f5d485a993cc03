import type { LinesAheadMessage } from '../../src/map/line-tiles/protocol.ts';

/**
 * A channel for the load worker's lines (`lines: { port: channel.port2 }`): every message that
 * comes on port1, in order, and a promise of the `end` message (sent even when the load fails).
 */
export function linesChannel(): { channel: MessageChannel; got: LinesAheadMessage[]; ended: Promise<void> } {
  const channel = new MessageChannel();
  const got: LinesAheadMessage[] = [];
  const ended = new Promise<void>((ok) => {
    channel.port1.onmessage = (e: MessageEvent<LinesAheadMessage>) => {
      got.push(e.data);
      if (e.data.type === 'end') ok();
    };
  });
  return { channel, got, ended };
}
