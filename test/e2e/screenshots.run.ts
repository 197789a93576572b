/** `npm run screenshots`: the store's screenshots into store-screenshots/ (build the test extension first). */
import { takeScreenshots } from './screenshots.js';

for (const path of await takeScreenshots()) console.log(path);
