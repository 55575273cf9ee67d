// Ids are random and unguessable, so an id says nothing about other companies' records.
import { randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

export const nowIso = (): string => new Date().toISOString();
