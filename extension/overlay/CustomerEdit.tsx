import { useId, useState, type FormEvent } from 'react';
import type { CustomerCard } from '../protocol.js';
import { parseTags } from './CasePanel.js';
import { useOverlay } from './context.js';

/** Edits the customer the team keeps (name, VIP, tags; their notes are edited in the side panel), and merges another profile of the same person into it. */
export function CustomerEdit({ postKey, card }: { postKey: string; card: CustomerCard }) {
  const { actions } = useOverlay();
  const id = useId();
  const { customer } = card;
  const [name, setName] = useState(customer.name);
  const [vip, setVip] = useState(customer.vip);
  const [tags, setTags] = useState(customer.tags.join(', '));
  const [platform, setPlatform] = useState<'x' | 'facebook'>('facebook');
  const [handle, setHandle] = useState('');
  const [mergeError, setMergeError] = useState<string | undefined>();

  async function save(event: FormEvent) {
    event.preventDefault();
    const patch = {
      ...(name.trim() !== customer.name ? { name: name.trim() } : {}),
      ...(vip !== customer.vip ? { vip } : {}),
      ...(JSON.stringify(parseTags(tags)) !== JSON.stringify(customer.tags) ? { tags: parseTags(tags) } : {}),
    };
    if (Object.keys(patch).length === 0) return actions.setPanel(postKey, 'customer');
    if (await actions.editCustomer(postKey, patch)) actions.setPanel(postKey, 'customer');
  }

  async function merge(event: FormEvent) {
    event.preventDefault();
    setMergeError(await actions.mergeCustomer(postKey, platform, handle.trim()));
  }

  return (
    <div className="panel">
      <form className="case-form" data-testid="parley-customer-form" onSubmit={(event) => void save(event)}>
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} data-testid="parley-customer-name" value={name} maxLength={200} required onChange={(event) => setName(event.target.value)} />
        <label><input type="checkbox" data-testid="parley-customer-vip" checked={vip} onChange={(event) => setVip(event.target.checked)} /> VIP</label>
        <label htmlFor={`${id}-tags`}>Tags</label>
        <input id={`${id}-tags`} data-testid="parley-customer-tags" value={tags} maxLength={500} onChange={(event) => setTags(event.target.value)} />
        <div className="row">
          <button type="submit" data-testid="parley-customer-save">Save</button>
          <button type="button" className="quiet" onClick={() => actions.setPanel(postKey, 'customer')}>Cancel</button>
        </div>
      </form>
      <form className="row merge" data-testid="parley-merge-form" onSubmit={(event) => void merge(event)}>
        <span className="muted">Same person as</span>
        <select aria-label="Site of the other profile" data-testid="parley-merge-platform" value={platform} onChange={(event) => setPlatform(event.target.value as 'x' | 'facebook')}>
          <option value="x">X</option>
          <option value="facebook">Facebook</option>
        </select>
        <input aria-label="Handle of the other profile" data-testid="parley-merge-handle" value={handle} maxLength={101} required
          placeholder="handle" onChange={(event) => setHandle(event.target.value)} />
        <button type="submit" data-testid="parley-merge">Merge</button>
      </form>
      {mergeError && <p className="error" role="alert" data-testid="parley-merge-error">{mergeError}</p>}
    </div>
  );
}
