/**
 * The page is hostile: its scripts can dispatch any event they like, on any node they can reach.
 * Parley acts only on events the browser made from the agent's own input (`isTrusted`).
 */
export const fromUser = (event: Event): boolean => event.isTrusted;

/**
 * Everything an agent can do in a Parley UI starts with one of these; React listens for them on
 * the root container, so a capturing listener on the shadow root sees each one first.
 */
const ACTION_EVENTS = [
  'click', 'dblclick', 'auxclick', 'contextmenu', 'mousedown', 'mouseup', 'pointerdown', 'pointerup',
  'touchstart', 'touchend', 'keydown', 'keypress', 'keyup', 'beforeinput', 'input', 'change',
  'submit', 'reset', 'paste', 'cut', 'drop', 'compositionend',
] as const;

/**
 * Stops every synthetic action event inside `root` before Parley's handlers hear it. The store
 * build's roots are closed, so the page cannot reach into them at all; this holds in the open
 * ones too, and against anything that finds a way in.
 */
export function refuseUntrusted(root: ShadowRoot): void {
  for (const type of ACTION_EVENTS) root.addEventListener(type, refuse, { capture: true });
}

// One listener for every root and type: a timeline mounts a bar per post.
function refuse(event: Event): void {
  if (fromUser(event)) return;
  event.stopImmediatePropagation();
  event.preventDefault();
}
