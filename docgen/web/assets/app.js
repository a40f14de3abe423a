// docgen serve: the page works without this file; with it, results appear in place and a batch shows
// its progress. Everything it shows is HTML the server escaped.
"use strict";

function fragment(event) {
  const button = event.submitter;
  if (!button || !button.dataset.fragment) return;
  event.preventDefault();
  const form = event.target;
  const target = document.getElementById(button.dataset.fragment);
  target.textContent = "正在处理……";
  fetch(button.getAttribute("formaction") || form.action, { method: "POST", body: new FormData(form), headers: { "X-Docgen-Fragment": "1" } })
    .then((response) => response.text())
    .then((html) => { target.innerHTML = html; })
    .catch(() => { target.textContent = "连接中断，请重试。"; });
}

function download(name, base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/zip" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.textContent = "下载全部材料（" + name + "）";
  link.id = "batch-download";
  return link;
}

async function batch(event) {
  event.preventDefault();
  const form = event.target;
  const box = document.getElementById("batch-progress");
  const bar = box.querySelector("progress");
  const label = box.querySelector("span");
  const result = document.getElementById("batch-result");
  result.textContent = "";
  box.hidden = false;
  bar.removeAttribute("value");
  label.textContent = "正在上传……";
  let response;
  try {
    response = await fetch(form.action, { method: "POST", body: new FormData(form), headers: { "X-Docgen-Progress": "1" } });
  } catch (err) {
    label.textContent = "连接中断，请重试。";
    return;
  }
  if (!response.ok || !response.body) {
    box.hidden = true;
    result.innerHTML = await response.text();
    return;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (!line) continue;
      const message = JSON.parse(line);
      if (message.total !== undefined && message.done !== undefined) {
        bar.max = message.total;
        bar.value = message.done;
        label.textContent = "已完成 " + message.done + " / " + message.total + (message.name ? "：" + message.name : "");
      }
      if (message.html !== undefined) {
        result.innerHTML = message.html;
        if (message.zip) {
          const link = download(message.name, message.zip);
          result.prepend(link);
          link.click();
        }
      }
    }
    if (done) break;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[enctype]")) {
    if (form.id === "batch-form") form.addEventListener("submit", batch);
    else form.addEventListener("submit", fragment);
  }
});
