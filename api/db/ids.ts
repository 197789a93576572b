import { v7 } from 'uuid';

/** Time-ordered ids (UUIDv7): new rows land at the end of every index. */
export const newId = (): string => v7();
