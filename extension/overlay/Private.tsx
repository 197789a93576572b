import type { ReactNode } from 'react';

/**
 * What only the team may see: customer notes, VIP marks, identities on the other site, case
 * history, internal notes. A closed shadow root keeps the page's scripts from reading it, but
 * Chromium's `window.find` searches all rendered text, closed shadow roots included, and would let
 * the page confirm a guess character by character. It skips inert nodes. Inert text is not
 * selectable and clicks pass through it to the button or panel around it.
 */
export function Private({ children }: { children: ReactNode }) {
  return <span className="private" inert>{children}</span>;
}
