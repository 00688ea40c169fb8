import type { UserConfigExport } from '@tarojs/cli'

export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {
    // The dev server is not the API server: forward API calls to the local server.
    devServer: {
      proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: true } },
    },
  },
} satisfies UserConfigExport<'webpack5'>
