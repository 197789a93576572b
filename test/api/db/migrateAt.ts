/** Child process for twoProcesses.test.ts: opens and migrates a database at an agreed moment. */
import { migrateDatabase, openDatabase } from '../../../api/db/client.js';

const [url, at] = process.argv.slice(2);
while (Date.now() < Number(at)) await new Promise((resolve) => setTimeout(resolve, 1));
const db = await openDatabase({ url: url! });
try {
  await migrateDatabase(db);
  console.log('migrated');
} finally {
  db.close();
}
