import type { Browser, BrowserType } from 'playwright-core';

export declare function launchChromium(chromium: BrowserType): Promise<Browser>;
