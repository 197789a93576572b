/** Reads a server-sent event stream with a real SSE parser, for tests. */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export function readEvents(body: ReadableStream<Uint8Array>) {
  const events: EventSourceMessage[] = [];
  let ended = false;
  const parser = createParser({ onEvent: (event) => events.push(event) });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) { ended = true; return; }
      parser.feed(decoder.decode(value, { stream: true }));
    }
  })();
  return {
    events,
    /** The first event that matches, waiting up to `ms` for it. */
    async next(match: (event: EventSourceMessage) => boolean, ms = 3000): Promise<EventSourceMessage> {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const found = events.find(match);
        if (found) return found;
        await new Promise((done) => setTimeout(done, 20));
      }
      throw new Error(`no matching event in ${ms} ms; got ${JSON.stringify(events)}`);
    },
    /** Whether the server has ended the stream. */
    get ended() { return ended; },
    close: () => reader.cancel(),
  };
}
