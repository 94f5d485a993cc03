/** Finding things on the map: search box, measure tool. */
const find = {
  searchLabel: '搜索地图',
  searchPlaceholder: '搜索：设施、道路、村、乡镇、地块编号或坐标',
  noMatch: '没有找到',
  position: (lon: string, lat: string) => `坐标 ${lon}, ${lat}`,
  lonLat: '经纬度',
  gk: (cm: number) => `CGCS2000 高斯-克吕格（中央经线 ${cm}°）`,
  features: (n: number) => `${n} 段/个`,
  measure: '量测',
  measureDistance: '量距离',
  measureArea: '量面积',
  measureHintLine: '量距离：单击地图依次添加点',
  measureHintArea: '量面积：单击地图依次添加顶点',
  measureClear: '清除量测',
  distance: (text: string) => `距离 ${text}`,
  area: (m2: string, mu: string) => `面积 ${m2} 平方米（${mu} 亩）`,
  metres: (v: string) => `${v} 米`,
  kilometres: (v: string) => `${v} 公里`,
};
export default find;
