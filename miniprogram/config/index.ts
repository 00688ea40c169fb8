import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import { appEnv, isDevelopment, platform } from './env'
import devConfig from './dev'
import prodConfig from './prod'

// Workspace packages are TypeScript source; Taro compiles node_modules only when told to.
const workspaceShared = path.resolve(__dirname, '..', '..', 'shared')

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'liuliang',
    // NutUI is drawn on a 375 px canvas, our own styles on WeChat's usual 750.
    designWidth(input) {
      const file = typeof input === 'object' && input !== null ? input.file : undefined
      if (file?.replace(/\\+/g, '/').includes('@nutui')) return 375
      return 750
    },
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // Each target gets its own folder so building one never wipes the other.
    outputRoot: `dist/${platform}`,
    env: Object.fromEntries(Object.entries(appEnv).map(([key, value]) => [key, JSON.stringify(value)])),
    framework: 'react',
    compiler: 'webpack5',
    // Persistent webpack cache (node_modules/.cache): warm builds take seconds. Values from
    // appEnv are tracked by webpack itself; these files are listed because it cannot follow
    // TypeScript imports on its own.
    cache: {
      enable: true,
      buildDependencies: {
        config: ['index.ts', 'env.ts', 'dev.ts', 'prod.ts'].map((file) => path.join(__dirname, file)),
        files: [path.resolve(__dirname, '..', 'src', 'app.config.ts'), path.resolve(__dirname, '..', 'babel.config.js')],
      },
    },
    mini: {
      compile: { include: [workspaceShared] },
      // Pages import NutUI styles per component in differing orders; our classes never share a
      // selector with NutUI's, so the order between them does not matter.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
      },
    },
    h5: {
      compile: { include: [workspaceShared] },
      // h5 leaves node_modules styles untouched unless listed here; NutUI's must scale like ours.
      esnextModules: ['nutui-react'],
      // The server serves this build statically under /mp/; hash routing needs no server rewrites.
      publicPath: '/mp/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
      },
    },
  }

  if (isDevelopment) return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
