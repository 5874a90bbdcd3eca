import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// findBy*/waitFor wait for whole test apps to render: on a loaded 2-core CI
// machine that takes longer than the library's 1 s default.
configure({ asyncUtilTimeout: 15_000 });

// The first render of an error panel loads MUI's styles: slower than Jest's 5 s default under CI load.
jest.setTimeout(30_000);
