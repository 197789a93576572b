/** Saves a CSV the background fetched: a Blob URL and a download link, let go of once the browser has the file. */
export function saveCsv(csv: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Not at once: the browser reads the URL after this task.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** `parley-cases-2025-01-01-to-2025-01-30.csv` */
export const csvName = (what: string, fromDay: string, toDay: string) => `parley-${what}-${fromDay}-to-${toDay}.csv`;
