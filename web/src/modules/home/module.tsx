// The home module of the web app: each role's home on the start page (RoleHome.tsx). It has no
// place in the navigation; the shell's home page draws it from this chunk for signed-in people.
import { chunk } from '../../shell/lazy';
import { defineModule } from '../module';

export const home = defineModule({ id: 'home' });

/** The chunk of the role homes (the shell's home page draws `RoleHome` from it). */
export const homeChunk = chunk(() => import('./pages'));
