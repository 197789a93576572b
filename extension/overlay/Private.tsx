import type { ReactNode } from 'react';

/**
 * What only the team may see, of what a bar shows: VIP marks, the customer's tags and case
 * history. (Customer notes, internal notes and profiles on the other site are never on the site's
 * page: they are in the side panel.) A closed shadow root keeps the page's scripts from reading it, but
 * Chromium's `window.find` searches all rendered text, closed shadow roots included, and would let
 * the page confirm a guess character by character. It skips inert nodes. Inert text is not
 * selectable and clicks pass through it to the button or panel around it.
 */
export function Private({ children }: { children: ReactNode }) {
  return <span className="private" inert>{children}</span>;
}
