export { WorkingMemory, StoreNotes, memoryPromptChars, normaliseNote, noteLine, MAX_NOTE_CHARS, MAX_TOTAL_CHARS, MAX_NOTES, MEMORY_STORE_KEY, type MemoryNote, type NoteBackend } from './workingMemory';
export { SqlNotes, MAX_DATABASE_NOTES } from './sqlNotes';
export { InMemoryStore } from './memoryStore';
