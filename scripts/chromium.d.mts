import type { Browser, BrowserType } from 'playwright-core';

export declare const CHROMIUM: string;
export declare function launchChromium(chromium: BrowserType): Promise<Browser>;
