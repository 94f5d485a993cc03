// Runs before the app, as a classic script in plain ES5, so that a browser too old for the app shows
// a message instead of a blank page. The list names what the app uses; the oldest Chromium that has all
// of it is 103 (AbortSignal.timeout). Keep MIN_CHROMIUM in step with docs/deploy.md.
(function () {
  var MIN_CHROMIUM = 103;
  var missing = [];
  function need(name, ok) {
    try {
      if (!ok()) missing.push(name);
    } catch (e) {
      missing.push(name);
    }
  }
  need('ES modules', function () { return 'noModule' in document.createElement('script'); });
  need('WebAssembly', function () { return typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function'; });
  need('Web Worker', function () { return typeof Worker === 'function'; });
  need('IndexedDB', function () { return typeof indexedDB === 'object' && indexedDB !== null; });
  need('BigInt64Array', function () { return typeof BigInt64Array === 'function'; });
  need('Object.hasOwn', function () { return typeof Object.hasOwn === 'function'; });
  need('AbortSignal.timeout', function () { return typeof AbortSignal === 'function' && typeof AbortSignal.timeout === 'function'; });
  need('DecompressionStream', function () { return typeof DecompressionStream === 'function'; });
  need('WebGL 2', function () { return typeof WebGL2RenderingContext === 'function'; });
  if (missing.length === 0) return;
  document.documentElement.setAttribute('data-unsupported', missing.join(', '));
  var root = document.getElementById('root');
  if (!root) return;
  var ua = navigator.userAgent;
  var box = document.createElement('div');
  box.className = 'unsupported-browser';
  box.setAttribute('role', 'alert');
  box.style.cssText = 'max-width:40em;margin:4em auto;padding:1.5em 2em;font:16px/1.6 sans-serif;border:2px solid #c0392b;border-radius:6px;background:#fff8f6;color:#222';
  function para(text, bold) {
    var p = document.createElement(bold ? 'h1' : 'p');
    if (bold) p.style.cssText = 'font-size:20px;margin:0 0 .6em;color:#c0392b';
    p.textContent = text;
    box.appendChild(p);
  }
  para('浏览器版本过低，无法运行县域公共设施覆盖分析', true);
  para('本系统需要 Chromium ' + MIN_CHROMIUM + ' 或更高版本的浏览器（2022 年 6 月以后的 Chrome、Edge、360 安全浏览器极速模式、奇安信可信浏览器等），且需开启 WebGL 2。请升级浏览器或切换到“极速模式”后重新打开本页。');
  para('缺少的功能：' + missing.join('、'));
  para('This browser is too old for Coverage Planner: it needs Chromium ' + MIN_CHROMIUM + ' or later with WebGL 2. Missing: ' + missing.join(', ') + '.');
  para('当前浏览器 / This browser: ' + ua);
  root.innerHTML = '';
  root.appendChild(box);
})();
