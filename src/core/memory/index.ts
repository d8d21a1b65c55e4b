export { WorkingMemory, normaliseNote, noteLine, MAX_NOTE_CHARS, MAX_TOTAL_CHARS, MAX_NOTES, MEMORY_STORE_KEY, type MemoryNote } from './workingMemory';
export { InMemoryStore } from './memoryStore';
