import { createRoot } from 'react-dom/client';
import '../../pages.css';
import { Queue } from './Queue.js';

createRoot(document.getElementById('root')!).render(<Queue />);
