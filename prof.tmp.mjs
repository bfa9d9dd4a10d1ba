import { chromium } from 'playwright-core';
const BASE='http://127.0.0.1:3000';
const r = await fetch(BASE+'/api/auth/login',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({username:'zhangsan',password:'demo'})});
const token=(await r.json()).accessToken;
const id=(await (await fetch(BASE+'/api/claims',{headers:{authorization:'Bearer '+token}})).json())[0].id;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-background-networking','--disable-gpu'] });
for (let k=0;k<2;k++){
const ctx = await browser.newContext(); await ctx.addInitScript((v)=>localStorage.setItem('jingbao.token',v), token);
const page = await ctx.newPage(); const t0=Date.now();
page.on('requestfinished', req => console.log(Date.now()-t0, req.url().replace(BASE,'').slice(0,70)));
await page.goto(BASE+'/claims/'+id); await page.waitForSelector('[data-test=status]'); console.log('status', Date.now()-t0);
await page.waitForSelector('[data-test=diagram] .djs-element'); console.log('diagram', Date.now()-t0);
await ctx.close();}
await browser.close();
