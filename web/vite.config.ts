/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Two entries: the staff workbench (index.html, Element Plus) and the light student entry
// (student.html, no UI library) that must stay small for cheap phones on slow networks.
export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    reportCompressedSize: true,
    rollupOptions: {
      input: {
        index: 'index.html',
        student: 'student.html',
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  // Component and composable tests (npm test), beside the code they test; the browser suite is e2e/.
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
})
