import { createRoot } from 'react-dom/client';
import '../../pages.css';
import { Options } from './Options.js';

createRoot(document.getElementById('root')!).render(<Options />);
