/** The header the bundled engine admits the API by: the API's own token, no user's password. */
export const ENGINE_TOKEN_HEADER = 'X-Jingbao-Engine-Token';
