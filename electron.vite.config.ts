import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const alias = { '@shared': resolve(__dirname, 'src/shared') }

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      // The Node-20 build of better-sqlite3 is a devDependency reached only through
      // src/main/db/driver.ts; it is native, so it must never be bundled.
      externalizeDeps: { include: ['better-sqlite3-node20'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
          // Image processing (sharp) on a worker thread: see src/main/media/worker-pool.ts.
          'media.worker': resolve(__dirname, 'src/main/media/media.worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    // A sandboxed preload cannot require sibling chunks or node_modules: bundle everything.
    build: { externalizeDeps: false },
  },
  renderer: {
    resolve: { alias },
    plugins: [react()],
    build: { chunkSizeWarningLimit: 4000 },
  },
})
