import { createInMemoryStore } from './memory-store.js';
import { runStoreContract } from '../contract/store-contract.js';

runStoreContract({ name: 'in-memory', create: async () => createInMemoryStore() });
