import { version } from '../../package.json';

/** The product version, from package.json. */
export const SERVER_VERSION: string = version;
