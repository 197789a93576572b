import { useSyncExternalStore } from 'react';

export interface SelectionSpot {
  postKey: string;
  excerpt: string;
  top: number;
  left: number;
}

/** The one floating button shown over highlighted post text. */
export class SelectionState {
  #spot: SelectionSpot | null = null;
  #listeners = new Set<() => void>();
  get spot() {
    return this.#spot;
  }
  set(spot: SelectionSpot | null) {
    if (spot === this.#spot) return;
    this.#spot = spot;
    for (const listener of this.#listeners) listener();
  }
  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
}

export function SelectionButton({ state, onCreate }: { state: SelectionState; onCreate: (spot: SelectionSpot) => void }) {
  const spot = useSyncExternalStore(state.subscribe, () => state.spot);
  if (!spot) return null;
  return (
    <button type="button" className="selection-create" data-testid="parley-selection-create"
      style={{ top: `${spot.top}px`, left: `${spot.left}px` }}
      // Keep the page's selection: a mousedown on a button would clear it.
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => onCreate(spot)}>
      Create case
    </button>
  );
}
