import { createRoot } from 'react-dom/client';
import '../../pages.css';
import { Panel } from './Panel.js';

createRoot(document.getElementById('root')!).render(<Panel />);
