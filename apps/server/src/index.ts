export { startServer, createServices, type RunningServer, type Services } from './server.js'
export { loadConfig, ConfigError, type Config } from './config.js'
export { buildApp, buildOtlpApp, type AppDeps } from './app.js'
