/** test-app's port when PORT is not set (the seed's). */
export const TEST_APP_PORT = 3000;
