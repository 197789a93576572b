import { createRoot } from 'react-dom/client';
import '../../pages.css';
// The repository's PRIVACY.md, bundled: the policy the store links to is the one in the package.
import policy from '../../../PRIVACY.md?raw';
import { Markdown } from './markdown.js';

createRoot(document.getElementById('root')!).render(
  <main className="page privacy" data-testid="parley-privacy">
    <Markdown source={policy} />
  </main>,
);
