export { Home } from './Home';
export { Layout } from './Layout';
export { theme } from './theme';
