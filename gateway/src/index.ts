export { startGateway } from './app';
