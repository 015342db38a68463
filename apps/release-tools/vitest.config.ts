import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'release-tools', include: ['test/**/*.test.ts'] } });
